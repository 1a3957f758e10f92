// Starting a JVM on a busy 2-core machine can take tens of seconds.
jest.setTimeout(180_000);
