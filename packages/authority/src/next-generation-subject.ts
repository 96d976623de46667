/**
 * The subject DN of the next CA generation: the common name gets a generation suffix (` G2`, ` G3`, ...), the
 * first one not used by any CA in `taken`. Java PKIX, GnuTLS and NSS keep one CRL per issuer *name*, so two
 * generations under one DN make them miss revocations; a distinct DN per generation avoids that.
 *
 * @param current - the current CA's subject, as inspectCertificate writes it (`CN=Acme CA, O=Acme`)
 * @param taken - subjects of every CA in the trust bundle
 * @example nextGenerationSubject('CN=Acme CA, O=Acme', ['CN=Acme CA, O=Acme']) // 'CN=Acme CA G2, O=Acme'
 */
export function nextGenerationSubject(current: string, taken: readonly string[]): string {
  const used = new Set(taken.map(normalizeDn));
  const cn = /(^|,\s*)CN=((?:[^,\\]|\\.)*)/i.exec(current);
  const base = cn ? (cn[2] ?? '').replace(/ G(\d+)$/, '') : '';
  const first = cn ? Number(/ G(\d+)$/.exec(cn[2] ?? '')?.[1] ?? 1) + 1 : 2;
  for (let generation = first; ; generation++) {
    const subject = cn
      ? current.slice(0, cn.index) + `${cn[1]}CN=${base} G${generation}` + current.slice(cn.index + cn[0].length)
      : `${current}, CN=generation ${generation}`;
    if (!used.has(normalizeDn(subject))) return subject;
  }
}

/** A DN compared loosely: case and spaces after commas do not matter. */
export function normalizeDn(dn: string): string {
  return dn.replace(/,\s*/g, ',').trim().toLowerCase();
}
