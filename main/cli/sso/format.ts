// Small text helpers shared by the sign-in commands: times a person reads, aligned tables.

export function formatTime(epochMs: number, now: number): string {
  const stamp = new Date(epochMs).toISOString().replace(/:\d{2}\.\d{3}Z$/, ' UTC').replace('T', ' ');
  return `${stamp} (${relative(epochMs - now)})`;
}

export function relative(deltaMs: number): string {
  const past = deltaMs < 0;
  const minutes = Math.round(Math.abs(deltaMs) / 60_000);
  const text = minutes < 60 ? `${minutes} min` : minutes < 48 * 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${Math.round(minutes / 1440)} days`;
  return past ? `${text} ago` : `in ${text}`;
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
