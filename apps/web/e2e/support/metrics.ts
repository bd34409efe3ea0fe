import { type APIRequestContext, expect } from "@playwright/test";

export type Samples = Map<string, number>;

/** The listener's samples, keyed `name{label="value",…}` as the text format writes them. */
export async function scrape(request: APIRequestContext, metricsUrl: string): Promise<Samples> {
  const response = await request.get(`${metricsUrl}/metrics`);
  expect(response.status()).toBe(200);
  const samples: Samples = new Map();
  for (const line of (await response.text()).split("\n")) {
    const match = /^(\S+?(?:\{.*\})?) (\S+)$/.exec(line);
    if (match && !line.startsWith("#")) samples.set(match[1]!, Number(match[2]));
  }
  return samples;
}

/** The sum of the samples of `name` that carry every label of `labels`. */
export function total(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  let sum = 0;
  for (const [key, value] of samples) {
    const [sampleName, rest = ""] = key.split("{", 2);
    const sampleLabels = rest.replace(/\}$/, "").split(",");
    if (sampleName === name && wanted.every((label) => sampleLabels.includes(label))) sum += value;
  }
  return sum;
}
