/** The category filter: All plus one chip per catalog category, each with its count. */
import type { ReactElement } from 'react';
import type { ProviderCategory, ProviderDescriptor } from '../../../../shared/providers/types';
import { Segmented } from '../../components/Segmented';

/** A category or everything. */
export type CategoryChoice = ProviderCategory | 'All';

/** Chips in catalog order, as a single-choice radio group. */
export function CategoryFilter({
  catalog,
  value,
  onChange,
}: {
  catalog: readonly ProviderDescriptor[];
  value: CategoryChoice;
  onChange: (c: CategoryChoice) => void;
}): ReactElement {
  const categories = [...new Set(catalog.map((p) => p.category))];
  const chips: { id: CategoryChoice; n: number }[] = [
    { id: 'All', n: catalog.length },
    ...categories.map((c) => ({ id: c, n: catalog.filter((p) => p.category === c).length })),
  ];
  return (
    <Segmented
      variant="chips"
      label="Category"
      value={value}
      onChange={onChange}
      options={chips.map((c) => ({
        value: c.id,
        label: (
          <>
            {c.id} <span className="chip-count">{c.n}</span>
          </>
        ),
      }))}
    />
  );
}
