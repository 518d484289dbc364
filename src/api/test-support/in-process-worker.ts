// Test support: the request worker (json-fetch.worker.ts) run in the test's own process, its
// messages copied with structuredClone as postMessage copies them, so anything a real worker
// could not send fails here too.
import {
  createWorkerResponder,
  type WorkerAnswer,
  type WorkerLike,
  type WorkerRequest,
} from '../json-transport.ts';

export interface InProcessWorker extends WorkerLike {
  /** What the page asked, in order. */
  readonly requests: WorkerRequest[];
  /** The worker dies (say its script is gone): an `error` event, and no answer after it. */
  crash(): void;
}

export function inProcessWorker(getFetch: () => typeof fetch): InProcessWorker {
  const events = new EventTarget();
  const requests: WorkerRequest[] = [];
  let dead = false;
  const respond = createWorkerResponder(getFetch, (answer: WorkerAnswer) => {
    if (dead) return;
    const data = structuredClone(answer);
    queueMicrotask(() => {
      if (!dead) events.dispatchEvent(new MessageEvent('message', { data }));
    });
  });
  return {
    requests,
    postMessage(message) {
      const copy = structuredClone(message);
      requests.push(copy);
      if (!dead) queueMicrotask(() => respond(copy));
    },
    addEventListener(type: 'message' | 'error', listener: (event: never) => void) {
      events.addEventListener(type, listener as unknown as EventListener);
    },
    crash() {
      dead = true;
      events.dispatchEvent(new Event('error'));
    },
  };
}
