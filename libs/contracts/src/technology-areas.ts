/**
 * Technology areas are free tags shared by every service and consumer: lower-case, hyphenated,
 * without duplicates ("Secure Computation" → "secure-computation"), so they compare across services.
 */
export function normaliseTechnologyAreas(areas: string[]): string[] {
  const tags = areas.map((area) =>
    area
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, '-')
      .replace(/[^a-z0-9-]/g, '')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, ''),
  );
  return [...new Set(tags.filter(Boolean))];
}
