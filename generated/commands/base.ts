// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Command } from 'clipanion';
import type { IcContext } from '../cli';

/**
 * The base of every command class. Global flags are split out of argv before
 * clipanion sees it (they may stand anywhere) and reach a command through
 * `this.context.globals`.
 */
export abstract class IcCommand extends Command<IcContext> {}
