// v6's XML output. ThousandEyes' XSD is not public, so the element names are ours (documented in
// README.md): the JSON body's keys become elements under a <response> root; an array becomes a
// wrapper element of the key's name holding one element per item, named by ITEM_NAMES, or, for a
// key that is already singular (v6's "test"), repeated elements of that name.

const ITEM_NAMES: Record<string, string> = {
  metrics: 'metric',
  accountGroups: 'accountGroup',
  agents: 'agent',
  apiLinks: 'apiLink',
  ipAddresses: 'ipAddress',
  labels: 'label',
};

function escapeText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element(name: string, value: unknown, out: string[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    const itemName = ITEM_NAMES[name];
    if (itemName) {
      out.push(`<${name}>`);
      for (const item of value) element(itemName, item, out);
      out.push(`</${name}>`);
    } else {
      for (const item of value) element(name, item, out);
    }
    return;
  }
  if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [key, child] of Object.entries(value as Record<string, unknown>))
      element(key, child, out);
    out.push(`</${name}>`);
    return;
  }
  out.push(`<${name}>${escapeText(String(value))}</${name}>`);
}

/** Serialises a v6 JSON body (an object) as XML with a <response> root. */
export function toXml(body: Record<string, unknown>): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  element('response', body, out);
  return out.join('');
}
