export type * from './kv-backend.js';
export type * from './records.js';
