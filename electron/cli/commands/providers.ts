/** `switchboard providers`: the catalog. */
import type { Command } from 'commander';
import { CATALOG } from '../../../shared/providers/catalog';
import type { CliContext } from '../context';
import { table } from '../io';

/** Registers `providers`. */
export function registerProviders(program: Command, ctx: CliContext): void {
  program
    .command('providers')
    .description('list every provider, its fields (* = secret) and formats')
    .action(() => {
      ctx.print(
        CATALOG.map((p) => ({
          id: p.id,
          name: p.name,
          category: p.category,
          capabilities: p.capabilities,
          fields: p.fields.map((f) => ({
            name: f.name,
            secret: f.secret,
            required: f.required,
            pattern: f.pattern ?? null,
            example: f.example,
            choices: f.choices ?? null,
          })),
        })),
        () =>
          table(
            [
              ['ID', 'NAME', 'CATEGORY', 'FIELDS'],
              ...CATALOG.map((p) => [
                p.id,
                p.name,
                p.category,
                p.fields.map((f) => `${f.name}${f.secret ? '*' : ''}${f.required ? '' : '?'}`).join(' '),
              ]),
            ],
            ctx.out,
          ),
      );
    });
}
