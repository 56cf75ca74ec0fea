import { type ClientDetail, type ClientPage, residentIdCheckChar } from '@dossier/contract';
import type { ApiSession } from './browser.ts';

/** The RM's own individual clients they may edit, as full records. */
export async function editableIndividuals(rm: ApiSession, count: number): Promise<ClientDetail[]> {
  const page = await rm.getOk<ClientPage>('/api/clients?kind=individual&pageSize=40');
  const out: ClientDetail[] = [];
  for (const summary of page.items) {
    const detail = await rm.getOk<ClientDetail>(`/api/clients/${summary.id}`);
    if (detail.canEdit && detail.owner.id === rm.me.id) out.push(detail);
    if (out.length >= count) break;
  }
  if (out.length < count)
    throw new Error(`${rm.me.username} has fewer than ${count} editable individual clients`);
  return out;
}

/** A minimal, well-formed one-page PDF: the server decides the type from these bytes. */
export function smallPdf(): Buffer {
  const objects = [
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
    '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 120] >>\nendobj\n',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const object of objects) {
    offsets.push(body.length);
    body += object;
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** `YYYY-MM-DD`, `days` from today in the bank's zone (Asia/Shanghai, UTC+8, no DST). */
export function bankDatePlus(days: number): string {
  const shanghai = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000);
  return shanghai.toISOString().slice(0, 10);
}

/** A resident ID number no demo client has: random area and sequence, the given birth date, a right check digit. */
export function freshResidentId(birthDate: string): string {
  const area = String(110101 + Math.floor(Math.random() * 80));
  const sequence = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  const first17 = `${area}${birthDate.replaceAll('-', '')}${sequence}`;
  return first17 + residentIdCheckChar(first17);
}

/** A Chinese name unlikely to be in the demo bank: a rare surname and two random given-name characters. */
export function freshName(): string {
  const chars = '澜岚珂琰玥瑾璇琛瑜翊骁昀晟';
  const pick = () => chars[Math.floor(Math.random() * chars.length)];
  return `闻人${pick()}${pick()}`;
}

/**
 * A new individual client of the RM's, born on `birth` (YYYYMMDD) so that suites do not compete
 * for ID numbers; a taken number is refused with 409 and the next one is tried.
 */
export async function newClient(rm: ApiSession, name: string, birth: string): Promise<ClientDetail> {
  for (let n = Date.now() % 900; ; n++) {
    const first17 = `310104${birth}${String(n % 1000).padStart(3, '0')}`;
    const answer = await rm.send<ClientDetail>('POST', '/api/clients', {
      kind: 'individual',
      name,
      idType: 'resident_id',
      idNumber: first17 + residentIdCheckChar(first17),
    });
    if (answer.status === 201) return answer.body;
    if (answer.status !== 409)
      throw new Error(`creating a client answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}
