// What the figures were measured on: they mean little without it.
import { cpus, loadavg, totalmem, platform, release } from 'node:os';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  chromium: string | undefined;
  /** 1-minute load average when the run started: a busy machine gives noisy figures. */
  loadAverageAtStart: number;
}

export function describeMachine(chromium: string | undefined): Machine {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    chromium,
    loadAverageAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
