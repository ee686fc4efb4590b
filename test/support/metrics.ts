/** Reading the server's Prometheus text as tests need it: every series by its full name. */

/** Every sample of `/metrics`, keyed by series (name with labels), e.g. `journeyboard_errors_total{kind="storage"}`. */
export async function scrapeMetrics(baseUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return values;
}

/** One series' value; 0 when the counter has not been touched yet. */
export async function metricValue(baseUrl: string, series: string): Promise<number> {
  return (await scrapeMetrics(baseUrl)).get(series) ?? 0;
}
