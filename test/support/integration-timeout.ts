// Integration tests start workflows against a real server; testTimeout is global-only in Jest.
jest.setTimeout(120_000);
