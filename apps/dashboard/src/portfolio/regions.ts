import { continents, countries } from 'countries-list';

/** "JP" → "Asia": partners by region are partners by continent. */
export function regionOf(country: string): string {
  const data = (countries as Record<string, { continent: string } | undefined>)[country.toUpperCase()];
  return data ? ((continents as Record<string, string>)[data.continent] ?? 'Other') : 'Other';
}
