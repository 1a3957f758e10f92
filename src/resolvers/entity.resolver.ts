import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { EntityType } from '../domain/entity.type';
import { AppError, ErrorCode } from '../errors';
import { RequestContext } from '../server/context';

@Resolver(() => EntityType)
export class EntityResolver {
  @Query(() => EntityType, {
    nullable: true,
    description: 'The entity with this id, of any kind. Unknown ids give a NOT_FOUND error.',
  })
  async entity(
    @Arg('id', () => ID, {
      description: 'The entity id (ISO alpha-3 for countries, a slug otherwise).',
    })
    id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<EntityType> {
    const entity = await ctx.entities.findById(id);
    if (!entity)
      throw new AppError(ErrorCode.NOT_FOUND, `No entity has the id "${id}"`, { details: { id } });
    return entity;
  }
}
