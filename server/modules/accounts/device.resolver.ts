import { Arg, Authorized, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import type { Action } from '../../policy.js';
import type { PendingGrant } from './device.service.js';

@ObjectType({ description: 'A device login (OAuth 2.0 device authorization, RFC 8628) waiting for the signed-in person to approve or deny it' })
export class DeviceAuthorization {
  @Field({ description: 'The code the device shows, as XXXX-XXXX' }) userCode!: string;
  @Field({ description: 'The OAuth client_id, e.g. loom-cli' }) clientId!: string;
  @Field({ description: 'The client as people call it' }) clientName!: string;
  @Field(() => [String], { description: 'The scopes the key will hold when approved: those requested that your role may hold' }) scopes!: string[];
  @Field(() => [String], { description: 'Scopes requested that your role may not hold: left out of the key' }) withheldScopes!: string[];
  @Field({ description: 'Whether the client asked for particular scopes (else: every scope your role allows)' }) scopesRequested!: boolean;
  @Field({ description: 'The address the device asked from' }) requestedFrom!: string;
  @Field() requestedAt!: Date;
  @Field() expiresAt!: Date;
  @Field({ description: 'pending, approved or denied' }) status!: string;
}

const view = ({ grant, userCode, clientName, scopes, withheld }: PendingGrant): DeviceAuthorization => ({
  userCode,
  clientId: grant.clientId,
  clientName,
  scopes,
  withheldScopes: withheld,
  scopesRequested: grant.requestedScopes != null,
  requestedFrom: grant.requestIp,
  requestedAt: grant.createdAt,
  expiresAt: grant.expiresAt,
  status: grant.status,
});

@Resolver()
export class DeviceResolver {
  @Authorized<Action>('device.approve')
  @Query(() => DeviceAuthorization, { description: 'The pending device login this user code names (a browser session only); NOT_FOUND once used or expired' })
  async deviceAuthorization(@Arg('userCode') userCode: string, @Ctx() { em, viewer, services }: Context): Promise<DeviceAuthorization> {
    return view(await services.devices.pending(em, viewer, userCode));
  }

  @Authorized<Action>('device.approve')
  @Mutation(() => DeviceAuthorization, { description: 'Approves (the device then receives an API key of yours) or denies a pending device login (a browser session only)' })
  async decideDeviceAuthorization(@Arg('userCode') userCode: string, @Arg('approve') approve: boolean, @Ctx() { em, viewer, services }: Context): Promise<DeviceAuthorization> {
    return view(await services.devices.decide(em, viewer, userCode, approve));
  }
}
