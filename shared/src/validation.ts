/**
 * zod as the board document uses it: its mini build, whose checks are functions a
 * bundle keeps only when used (about a third of the classic build's weight in the
 * app's first load), with the English messages the classic build sets by itself
 * (the setting is zod's, global: the server's own classic schemas read the same).
 */
import { en } from 'zod/locales';
import { config } from 'zod/mini';

config(en());

export * as z from 'zod/mini';
