/**
 * Every schema a REST route may name, in one namespace: a contract (`<feature>/routes.ts`) names its params, query,
 * body and response by their key here, the server looks the names up in this module to validate and serialize, and
 * the client takes only the types (`import type`). A name means the same schema for every route; two modules
 * exporting the same name is a compile error here.
 */
export { ErrorBody } from '../ack';
export { Ok } from '../common';
export * from '../attendance/schemas';
export * from '../auth/schemas';
export * from '../captions/schemas';
export * from '../checkins/questions';
export * from '../checkins/schemas';
export * from '../letters/schemas';
export * from '../phone/schemas';
export * from '../program/quizzes';
export * from '../program/schemas';
export * from '../program/videos';
export * from '../reports/schemas';
export * from '../sessions/schemas';
export * from '../staff/schemas';
export * from '../staffLive/schemas';
export * from '../survey/schemas';
export * from '../venues/schemas';
