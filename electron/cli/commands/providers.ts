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
        CATALOG.map((provider) => ({
          id: provider.id,
          name: provider.name,
          category: provider.category,
          capabilities: provider.capabilities,
          fields: provider.fields.map((field) => ({
            name: field.name,
            secret: field.secret,
            required: field.required,
            pattern: field.pattern ?? null,
            example: field.example,
            choices: field.choices ?? null,
          })),
        })),
        () =>
          table(
            [
              ['ID', 'NAME', 'CATEGORY', 'FIELDS'],
              ...CATALOG.map((provider) => [
                provider.id,
                provider.name,
                provider.category,
                provider.fields.map((f) => `${f.name}${f.secret ? '*' : ''}${f.required ? '' : '?'}`).join(' '),
              ]),
            ],
            ctx.out,
          ),
      );
    });
}
