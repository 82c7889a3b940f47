import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { countColumn } from './count.js';

/** Counted downloads of one plugin version on one UTC day: the rollup every download statistic reads. */
@Entity()
@Index({ properties: ['pluginId', 'day'] })
export class DownloadDaily {
  @PrimaryKey({ type: 'string', length: 64 })
  pluginId!: string;

  @PrimaryKey({ type: 'string', length: 128 })
  version!: string;

  /** UTC day, `YYYY-MM-DD`. */
  @PrimaryKey({ type: 'string', length: 10 })
  day!: string;

  @Property({ type: countColumn() })
  count: number = 0;
}
