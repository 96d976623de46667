export { makeTestCa, type TestCa, type TestCaOptions, type TestClient, type TestServer } from './make-test-ca.js';
