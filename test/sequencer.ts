import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * vitest's order (the longest files first by their last run, the largest first on a fresh clone), but taking the two
 * databases' projects in turn: vitest's own runs one project's files after the other's, which left the second
 * project's longest files (the Chromium ones) for the end of the run, with the workers idle around them.
 */
export default class ProjectsInTurn extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const byProject = new Map<string, TestSpecification[]>();
    for (const spec of await super.sort(files)) {
      const list = byProject.get(spec.project.name) ?? [];
      list.push(spec);
      byProject.set(spec.project.name, list);
    }
    const lists = [...byProject.values()];
    const order: TestSpecification[] = [];
    for (let i = 0; order.length < files.length; i++) for (const list of lists) if (i < list.length) order.push(list[i]);
    return order;
  }
}
