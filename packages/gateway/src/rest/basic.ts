/**
 * Public REST, basic data (reference §4.2): `/api/v1/basic/contracts`, `/basic/exchanges`,
 * `/basic/time`.
 */
import { type ContractSpec, parseContract } from '@ots/protocol';
import type { FastifyInstance } from 'fastify';
import type { VenueRegistry } from '../venues/registry.js';

export function registerBasicApi(app: FastifyInstance, venues: VenueRegistry): void {
  app.get<{ Querystring: { exchange?: string; name?: string } }>(
    '/api/v1/basic/contracts',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: { exchange: { type: 'string' }, name: { type: 'string' } },
        },
      },
    },
    async (request) => {
      const { exchange, name } = request.query;
      let list: ContractSpec[] = [];
      for (const venue of venues.all()) {
        if (exchange === undefined || exchange === '' || venue.exchange === exchange.toLowerCase()) {
          list = list.concat(venue.contracts());
        }
      }
      if (name !== undefined && name !== '') {
        // An unknown (or unreadable) name is an empty list, as the original answered.
        const wanted = nameOf(exchange, name);
        list = list.filter((c) => c.name === wanted || c.symbol === wanted);
      }
      return list;
    },
  );

  app.get('/api/v1/basic/exchanges', async () => venues.exchanges());

  app.get('/api/v1/basic/time', async () => {
    const ms = Date.now();
    return { time: new Date(ms).toISOString(), server_time: ms / 1000 };
  });
}

function nameOf(exchange: string | undefined, name: string): string {
  try {
    return parseContract(`${exchange || 'x'}/${name}`).name;
  } catch {
    return name;
  }
}
