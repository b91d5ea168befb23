/**
 * Type-only: brings the global declarations of the code under test into the tests' type check (tsc -b checks
 * tests against the declarations of server/ and client/, which load an augmentation only when imported).
 */
import type {} from '../../client/src/call/testHooks';
import type {} from '../../server/src/http/access';
