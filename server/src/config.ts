/**
 * Server configuration, from environment variables with safe defaults. Anything
 * invalid stops the start with a message that names the variable.
 */
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);
const origin = z
  .string()
  .url()
  .transform((value) => new URL(value).origin);

const envSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_ORIGIN: origin.optional(),
  ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const list = (value ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const origins: string[] = [];
      for (const item of list) {
        const parsed = origin.safeParse(item);
        if (parsed.success) origins.push(parsed.data);
        else ctx.addIssue({ code: 'custom', message: `"${item}" is not an origin like https://example.com` });
      }
      return origins;
    }),
  CLIENT_DIR: z.string().min(1).optional(),
});

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  publicOrigin: string | null;
  allowedOrigins: string[];
  /** The built client to serve; null serves the API alone. */
  clientDir: string | null;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv, defaultClientDir: string | null): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.') || 'environment'}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    publicOrigin: e.PUBLIC_ORIGIN ?? null,
    allowedOrigins: e.ALLOWED_ORIGINS,
    clientDir: e.CLIENT_DIR ? path.resolve(e.CLIENT_DIR) : defaultClientDir,
  };
}
