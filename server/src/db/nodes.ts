import { inArray, isNull, notInArray, or, sql, type Column, type SQL } from 'drizzle-orm';

/** The node id of a server alone (no KAYOI_REDIS_URL), on its call connections and letter renders. */
export const LOCAL_NODE_ID = 'local';

/** Whose leftovers: the rows `of` these nodes, or of every node `except` these (the live ones); neither: all rows. */
export type NodeFilter = { of?: readonly string[]; except?: readonly string[] };

/** The condition on a node id column for a NodeFilter (undefined: every row). A null id is no live node's. */
export function nodeCondition(column: Column, nodes: NodeFilter): SQL | undefined {
  if (nodes.of) return nodes.of.length > 0 ? inArray(column, [...nodes.of]) : sql`1 = 0`;
  if (nodes.except && nodes.except.length > 0) return or(isNull(column), notInArray(column, [...nodes.except]));
  return undefined;
}
