import type { AccountLinkRecord } from '../domain/entities';
import { requirePatient, type Principal } from '../domain/principal';
import type { AccountLink, DocumentSummary, LinkPracticeInput, Me, Page, PageQuery, RecordItemView } from '../domain/schemas';
import type { DataClass } from '../ingest/types';
import type { Deps, RequestContext } from './deps';
import { checkInvitation } from './invitations';
import { actorOf } from './scope';

async function withPracticeNames(deps: Deps, links: AccountLinkRecord[]): Promise<AccountLink[]> {
  const practices = new Map<string, string>();
  await Promise.all(
    [...new Set(links.map((l) => l.practiceId))].map(async (id) => practices.set(id, (await deps.directory.getPractice(id))?.name ?? 'Unknown practice')),
  );
  return links.map((l) => ({ practiceId: l.practiceId, practiceName: practices.get(l.practiceId)!, patientId: l.patientId, linkedAt: l.linkedAt }));
}

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

/** The patient's documents across every linked practice, newest first. */
export async function listMyDocuments(deps: Deps, principal: Principal, page: PageQuery, ctx: RequestContext): Promise<Page<DocumentSummary>> {
  const patient = requirePatient(principal);
  const links = await deps.directory.listAccountLinks(patient.accountId);
  const named = await withPracticeNames(deps, links);
  const result = await deps.documents.listForPatients(links.map((l) => l.patientId), page);
  const practiceName = new Map(named.map((l) => [l.practiceId, l.practiceName]));
  await Promise.all(
    links.map((l) =>
      deps.audit.append({ actor: actorOf(principal), action: 'document.list', outcome: 'success', patientId: l.patientId, practiceId: l.practiceId, requestId: ctx.requestId }),
    ),
  );
  return {
    items: result.items.map((d) => ({
      documentId: d.documentId,
      patientId: d.patientId,
      practiceId: d.practiceId,
      practiceName: practiceName.get(d.practiceId) ?? 'Unknown practice',
      title: d.title,
      kind: d.kind,
      contentType: d.contentType,
      size: d.size,
      sha256: d.sha256,
      date: d.date,
      author: d.author,
      createdAt: d.createdAt,
    })),
    nextCursor: result.nextCursor,
  };
}

/** One data class of the patient's structured record, across every linked practice, newest first. */
export async function listMyRecord(deps: Deps, principal: Principal, dataClass: DataClass, page: PageQuery, ctx: RequestContext): Promise<Page<RecordItemView>> {
  const patient = requirePatient(principal);
  const links = await deps.directory.listAccountLinks(patient.accountId);
  const named = await withPracticeNames(deps, links);
  const practiceName = new Map(named.map((l) => [l.practiceId, l.practiceName]));
  const result = await deps.records.list(links.map((l) => l.patientId), dataClass, page);
  await Promise.all(
    links.map((l) =>
      deps.audit.append({ actor: actorOf(principal), action: 'record.read', outcome: 'success', patientId: l.patientId, practiceId: l.practiceId, resource: { type: 'record', id: dataClass }, requestId: ctx.requestId }),
    ),
  );
  return {
    items: result.items.map((i) => ({
      practiceId: i.practiceId,
      practiceName: practiceName.get(i.practiceId) ?? 'Unknown practice',
      dataClass: i.dataClass,
      itemKey: i.itemKey,
      ...(i.date ? { date: i.date } : {}),
      resource: i.resource,
      sources: i.sources,
    })),
    nextCursor: result.nextCursor,
  };
}
