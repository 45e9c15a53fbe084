import { requirePatient, type Principal } from '../domain/principal';
import type { AccountLink, DocumentSummary, LinkPracticeInput, Me, Page, RecordItemView, RecordListQuery } from '../domain/schemas';
import type { DataClass } from '../ingest/types';
import type { Deps, RequestContext } from './deps';
import { checkInvitation } from './invitations';
import { actorOf, patientScope, withPracticeNames } from './scope';
import { documentSummary } from './views';

/** The signed-in person: role, practice (staff) or linked practices (patients). */
export async function getMe(deps: Deps, principal: Principal, ctx: RequestContext): Promise<Me> {
  await deps.audit.append({ actor: actorOf(principal), action: 'account.read', outcome: 'success', resource: { type: 'account', id: principal.accountId }, requestId: ctx.requestId });
  if (principal.kind === 'staff') {
    const practice = await deps.directory.getPractice(principal.practiceId);
    return {
      accountId: principal.accountId,
      email: principal.email,
      role: principal.role,
      practice: practice ? { practiceId: practice.practiceId, name: practice.name, phone: practice.phone, address: practice.address } : undefined,
      links: [],
    };
  }
  const links = await deps.directory.listAccountLinks(principal.accountId);
  return { accountId: principal.accountId, email: principal.email, role: 'patient', links: await withPracticeNames(deps, links) };
}

/** A signed-in patient links one more practice's registration with that practice's invitation code. */
export async function linkPractice(deps: Deps, principal: Principal, input: LinkPracticeInput, ctx: RequestContext): Promise<AccountLink> {
  const patient = requirePatient(principal);
  const invitation = await checkInvitation(deps, input, ctx, patient.accountId);
  const link = await deps.directory.linkAccount(invitation, patient.accountId, deps.clock.now());
  await deps.audit.append({
    actor: actorOf(principal),
    action: 'account.link',
    outcome: 'success',
    patientId: link.patientId,
    practiceId: link.practiceId,
    resource: { type: 'account', id: patient.accountId },
    requestId: ctx.requestId,
  });
  return (await withPracticeNames(deps, [link]))[0]!;
}

const pageOf = (query: RecordListQuery) => ({ limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });

/** The patient's documents across every linked practice (or one), newest first, optionally dated within [from, to]. */
export async function listMyDocuments(deps: Deps, principal: Principal, query: RecordListQuery, ctx: RequestContext): Promise<Page<DocumentSummary>> {
  const scope = (await patientScope(deps, principal)).onlyPractice(query.practiceId);
  const result = await deps.documents.listForPatients(scope.patientIds, pageOf(query), query);
  await scope.audit('document.list', ctx);
  return { items: result.items.map((d) => documentSummary(d, scope.practiceName(d.practiceId))), nextCursor: result.nextCursor };
}

/** One data class of the patient's structured record, across every linked practice, newest first. */
export async function listMyRecord(deps: Deps, principal: Principal, dataClass: DataClass, query: RecordListQuery, ctx: RequestContext): Promise<Page<RecordItemView>> {
  const scope = (await patientScope(deps, principal)).onlyPractice(query.practiceId);
  const result = await deps.records.list(scope.patientIds, dataClass, pageOf(query), query);
  await scope.audit('record.read', ctx, { type: 'record', id: dataClass });
  return {
    items: result.items.map((i) => ({
      practiceId: i.practiceId,
      practiceName: scope.practiceName(i.practiceId),
      dataClass: i.dataClass,
      itemKey: i.itemKey,
      ...(i.date ? { date: i.date } : {}),
      resource: i.resource,
      sources: i.sources,
      ...(i.amendedBy?.length ? { amendedBy: i.amendedBy } : {}),
    })),
    nextCursor: result.nextCursor,
  };
}
