/**
 * The job handlers `veil worker` serves. An area that queues work adds one import here; the
 * imported module registers its handlers with `registerJobHandler`.
 */
import './pipeline-handlers.js';
import '../dsar/queue.js';
