import { parentPort } from 'node:worker_threads';
import { processFile, type ProcessRequest } from './process-file';

// Import worker: one file per message, results in order of completion (the pool tracks ids).
const port = parentPort;
if (!port) throw new Error('import worker must run in a worker thread');
port.on('message', (msg: { id: number; request: ProcessRequest }) => {
  void processFile(msg.request).then((result) => port.postMessage({ id: msg.id, result }));
});
