// Jest's global setup of the unit tests: the guard, in the process that runs the tests.
'use strict';

require('./repository-only');

module.exports = () => undefined;
