import { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Whether the client selected `field` directly under the field being resolved, through
 * fragments (named or inline) too: lets a resolver skip work nobody asked for.
 */
export function selects(info: GraphQLResolveInfo, field: string): boolean {
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): boolean => {
    if (!set) return false;
    for (const selection of set.selections) {
      if (selection.kind === 'Field' && selection.name.value === field) return true;
      if (selection.kind === 'InlineFragment' && visit(selection.selectionSet)) return true;
      if (selection.kind === 'FragmentSpread' && !seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        if (visit(info.fragments[selection.name.value]?.selectionSet)) return true;
      }
    }
    return false;
  };
  return info.fieldNodes.some((node: FieldNode) => visit(node.selectionSet));
}
