import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Query, Resolver } from 'type-graphql';
import { ModalitiesArg, SourcesArg } from '../domain/args';
import { DonorType } from '../domain/funding.type';
import { RelationType } from '../domain/relation.type';
import { AppError, ErrorCode } from '../errors';
import { EntityRecord } from '../graph/entity-codec';
import { StatementRecord } from '../graph/statement.repository';
import { EntityKind } from '../ontology/entities';
import { Modality, RelationKind } from '../ontology/relations';
import { RequestContext } from './context';
import { requireSources } from './sources.resolver';
import { wholeList } from './pagination';
import { requireEntity } from './entity.resolver';
import { selects } from './selection';

/** The relation kinds that put money into something. */
const FUNDING_KINDS = [RelationKind.FUNDS, RelationKind.INVESTS_IN];

@Resolver()
export class FundingResolver {
  @Query(() => [RelationType], {
    description:
      'Who funds or invests in an issue, optionally only in one recipient country: "which partners fund demining?". Both kinds by default (`kinds` narrows); facts only unless `modalities` says otherwise.',
  })
  async funders(
    @Arg('issue', () => ID, { description: 'The issue funded (demining, education, ...).' })
    issue: string,
    @Arg('in', () => ID, { nullable: true, description: 'Only funding in this country.' })
    inCountry: string | null,
    @Arg('kinds', () => [RelationKind], {
      defaultValue: FUNDING_KINDS,
      description: 'FUNDS, INVESTS_IN or both (the default).',
    })
    kinds: RelationKind[],
    @ModalitiesArg() modalities: Modality[],
    @SourcesArg() sourcesArg: string[] | null,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<StatementRecord[]> {
    const sources = await requireSources(ctx, sourcesArg);
    if (kinds.length === 0 || kinds.some((k) => !FUNDING_KINDS.includes(k))) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'kinds may hold FUNDS and INVESTS_IN only', {
        details: { argument: 'kinds' },
      });
    }
    const max = ctx.limits.maxListSize;
    const found = wholeList(
      await ctx.statements.find(
        {
          kinds,
          object: issue,
          in: inCountry ?? undefined,
          modalities,
          sources,
          withEvidence: selects(info, 'evidence'),
        },
        max + 1,
      ),
      max,
      'funders',
      'narrow it with `in` or `kinds`',
    );
    // Statements found prove both ids (loading checks that `in` names a country); only an
    // empty answer needs the second round trip that tells "nobody" from "no such issue".
    if (found.length === 0) {
      await requireEntity(ctx, issue, 'issue');
      if (inCountry) await requireEntity(ctx, inCountry, 'in', [EntityKind.COUNTRY]);
    }
    return found;
  }

  @Query(() => [DonorType], {
    description:
      'Who funds a country: donors to it and funders of issues in it, each with the relations that say so; facts only unless `modalities` says otherwise.',
  })
  async donors(
    @Arg('recipient', () => ID, { description: 'The country funded.' }) recipient: string,
    @ModalitiesArg() modalities: Modality[],
    @SourcesArg() sourcesArg: string[] | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Array<{ donor: EntityRecord; relations: StatementRecord[] }>> {
    const sources = await requireSources(ctx, sourcesArg);
    await requireEntity(ctx, recipient, 'recipient', [EntityKind.COUNTRY]);
    const max = ctx.limits.maxListSize;
    const funding = wholeList(
      await ctx.statements.find(
        { kinds: [RelationKind.FUNDS], involving: recipient, modalities, sources },
        max + 1,
      ),
      max,
      'donors',
      'narrow it with `modalities`, or page through `relations(filter: { kinds: [FUNDS], involving })`',
    );
    const byDonor = new Map<string, { donor: EntityRecord; relations: StatementRecord[] }>();
    for (const s of funding) {
      if (s.object.id !== recipient && s.qualifiers.in !== recipient) continue;
      const entry = byDonor.get(s.subject.id) ?? { donor: s.subject, relations: [] };
      entry.relations.push(s);
      byDonor.set(s.subject.id, entry);
    }
    return [...byDonor.values()].sort((a, b) => a.donor.name.localeCompare(b.donor.name));
  }
}
