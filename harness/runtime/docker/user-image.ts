/**
 * A user's own image on the docker runtime (`--image NAME`, the command target's `image`
 * option, also `targetOptions.image` in a test file): the node command runs in a container of
 * it, used as it is. The harness neither builds nor pulls it (no registry here), nor removes it
 * (`harness cleanup --images` removes only images with the harness's label), so it must exist in
 * the local engine before the run: a missing one is an environment problem, named before any
 * container or network of the run is made.
 */
import type Docker from 'dockerode';
import type { TestSpec } from '../../spec.js';
import { imageExists } from './node-image.js';

/** The target option that names the user's image (one name for the CLI flag, test files and the runtime). */
export const userImageOption = 'image';

/** The user's image of this spec, or undefined for the harness's own node image. */
export function userImageOf(spec: TestSpec): string | undefined {
  const image = spec.targetOptions[userImageOption];
  return typeof image === 'string' && image !== '' ? image : undefined;
}

/** Throws, saying what to do, when the engine has no image of that name. */
export async function requireLocalImage(docker: Docker, name: string): Promise<void> {
  if (await imageExists(docker, name)) return;
  throw new Error(
    `--image ${name}: no such image in the local Docker engine, and the harness never pulls one (no registry here): ` +
      'build or load it first (docker build, docker import, docker load) and check it with `docker images`',
  );
}
