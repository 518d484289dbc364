// The worker the fetch client's requests travel through in the browser (json-transport.ts): it
// fetches, reads, decodes and parses each body, so the page's main thread receives data only.
import { createWorkerResponder, type WorkerAnswer, type WorkerRequest } from './json-transport.ts';

const scope = globalThis as unknown as {
  postMessage(answer: WorkerAnswer): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
};

const respond = createWorkerResponder(
  () => fetch,
  (answer) => scope.postMessage(answer),
);
scope.addEventListener('message', (event) => respond(event.data));
