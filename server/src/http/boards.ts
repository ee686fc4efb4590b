/**
 * The board REST API. Creating a board needs no token (it hands out one link per
 * role: owner, facilitator, editor, participant, viewer); everything else takes a
 * share token as `Authorization: Bearer <token>` and the role it grants: any role
 * reads and mints identities (so many a minute per link), editors and above save
 * versions, owners rename, delete, rotate links and restore versions.
 */

import {
  BoardCommandError,
  CLOSE,
  newBoardState,
  newId,
  normaliseDisplayName,
  ROLES,
  type Role,
  visibleRoles,
} from '@journeyboard/shared';
import { type Request, Router } from 'express';
import { z } from 'zod';
import { MAX_LINK_LIFETIME_SECONDS, newToken, newTokens } from '../auth/tokens.js';
import type { Limits } from '../config.js';
import type { ExportPool, ImportResult } from '../export/pool.js';
import type { Logger } from '../log.js';
import type { AsyncBoardStore } from '../storage/async-board-store.js';
import type { BoardRecord } from '../storage/board-store.js';
import { boardState } from '../sync/auto-versions.js';
import type { Rooms } from '../sync/rooms.js';
import { authorizeRequest } from './authorize.js';
import { HttpProblem, parseBody, tooMany } from './problem.js';
import { RateLimiter } from './rate-limit.js';
import { readInWorker, receiveToFile } from './upload.js';

const createSchema = z.object({
  title: z.string().trim().min(1).max(200),
  template: z.string().min(1).max(100).default('blank-journey'),
});
const patchSchema = z.object({ title: z.string().trim().min(1).max(200) });
/** `?title=` of an import: blank keeps the file's title. */
const importQuerySchema = z.object({ title: z.string().trim().max(200).optional() });
const versionSchema = z.object({ name: z.string().trim().min(1).max(120) });
/** A display name as presence shows it: normalised first, so an invisible-only name is empty. */
const identitySchema = z.object({
  name: z.string().max(1000).transform(normaliseDisplayName).pipe(z.string().min(1, 'must not be empty')),
});
const rotateSchema = z.object({
  role: z.enum(ROLES).optional(),
  expiresInSeconds: z.number().int().min(1).max(MAX_LINK_LIFETIME_SECONDS).optional(),
});

export interface BoardsApiDeps {
  store: AsyncBoardStore;
  rooms: Rooms;
  log: Logger;
  publicOrigin: string | null;
  limits: Limits;
  /** The worker processes that read imported board files (and render exports). */
  files: ExportPool;
  /** Where imported files wait for a worker (see upload.ts). */
  uploads: string;
}

/** Links remembered by the identity rate limit, and boards by the version-read one. */
const MAX_IDENTITY_KEYS = 10_000;
const MAX_VERSION_READ_KEYS = 10_000;
/**
 * Version states read at once, all boards together: each is held whole in memory
 * (a board's version may be up to MAX_BOARD_BYTES) until it has gone out.
 */
const MAX_VERSION_READS_IN_FLIGHT = 8;

/** The largest board file an import takes. */
export const MAX_BOARD_FILE_BYTES = 25 * 2 ** 20;

export function boardsApi({
  store,
  rooms,
  log,
  publicOrigin,
  limits,
  files,
  uploads,
}: BoardsApiDeps): Router {
  const router = Router();

  const originOf = (req: Request) => publicOrigin ?? `${req.protocol}://${req.get('host')}`;
  /** Board links open the client at /b/<id>; the token rides in the fragment, which browsers never send to servers. */
  const linksFor = (
    req: Request,
    boardId: string,
    tokens: Partial<Record<Role, string>>,
    roles: readonly Role[],
  ) =>
    Object.fromEntries(
      roles.flatMap((role) =>
        tokens[role] ? [[role, `${originOf(req)}/b/${boardId}#token=${tokens[role]}`]] : [],
      ),
    );
  const created = (req: Request, board: BoardRecord, tokens: Record<Role, string>) => ({
    id: board.id,
    title: board.title,
    createdAt: board.createdAt,
    tokens,
    links: linksFor(req, board.id, tokens, ROLES),
  });

  const authorize = (req: Request, needed: Role) => authorizeRequest(store, req, needed);
  const identitiesPerLink = new RateLimiter({
    perWindow: limits.identitiesPerTokenPerMinute,
    windowMs: 60_000,
    maxKeys: MAX_IDENTITY_KEYS,
  });
  // A quarter of the minute's allowance at once: a workshop's people may open one preview
  // together, and a flood of one board's links is refused before it holds the reads in flight.
  const versionReadsPerBoard = new RateLimiter({
    perWindow: limits.versionReadsPerBoardPerMinute,
    windowMs: 60_000,
    maxKeys: MAX_VERSION_READ_KEYS,
    burst: Math.ceil(limits.versionReadsPerBoardPerMinute / 4),
  });
  let versionReadsInFlight = 0;

  /**
   * A board made before a role existed has no link for it. Only the owner's token
   * unseals every other, so the missing links are minted when the owner comes (and
   * sealed for every role above them); the server alone holds no token to seal with.
   * Nothing happens when a link the owner should open does not open: minting over it
   * would revoke it unasked.
   */
  const completeLinks = async (boardId: string, ownerToken: string) => {
    const [tokens, present] = await Promise.all([
      store.revealTokens(boardId, 'owner', ownerToken),
      store.linkRoles(boardId),
    ]);
    const missing = ROLES.filter((role) => !present.includes(role));
    if (missing.length === 0 || present.some((role) => !tokens[role])) return tokens;
    const expiresAt: Partial<Record<Role, number | null>> = {};
    for (const role of missing) {
      tokens[role] = newToken();
      expiresAt[role] = null;
    }
    await store.rotateTokens(boardId, tokens as Record<Role, string>, expiresAt);
    log.info({ boardId, roles: missing }, 'links added for new roles');
    return tokens;
  };

  /** Stores a new board; its tokens exist in plain text only in this answer. */
  const insertBoard = async (req: Request, state: Uint8Array, title: string) => {
    const now = Date.now();
    const board: BoardRecord = { id: newId(), title, createdAt: now, updatedAt: now };
    const tokens = newTokens();
    await store.createBoard(board, state, tokens);
    log.info({ boardId: board.id }, 'board created');
    return created(req, board, tokens);
  };

  router.post('/boards', async (req, res) => {
    const input = parseBody(createSchema, req.body);
    let state: Uint8Array;
    try {
      state = newBoardState(input);
    } catch (error) {
      if (error instanceof BoardCommandError) throw new HttpProblem(400, 'Invalid board', error.message);
      throw error;
    }
    res.status(201).json(await insertBoard(req, state, input.title));
  });

  /**
   * Import: the body is an exported board file, as bytes. Reading it (within the file
   * check's bounds) takes a worker of the file pool, not the main thread: a 25 MB
   * file costs about a second of CPU. `?title=` names the copy.
   */
  router.post('/boards/import', async (req, res) => {
    const { title } = parseBody(importQuerySchema, req.query, 'query');
    const file = await receiveToFile(req, uploads, MAX_BOARD_FILE_BYTES);
    const read: ImportResult = await readInWorker(file, () => files.readBoardFile(file, title));
    if ('problems' in read) {
      throw new HttpProblem(422, 'Not a valid board file', read.problems.slice(0, 3).join('; '), {
        problems: read.problems,
        problemsOmitted: read.omitted,
        stoppedEarly: read.stoppedEarly,
      });
    }
    res.status(201).json(await insertBoard(req, read.state, read.title));
  });

  router.get('/boards/:id', async (req, res) => {
    const { board, role, token } = await authorize(req, 'viewer');
    const tokens =
      role === 'owner'
        ? await completeLinks(board.id, token)
        : await store.revealTokens(board.id, role, token);
    res.json({
      id: board.id,
      title: board.title,
      createdAt: board.createdAt,
      updatedAt: board.updatedAt,
      role,
      links: linksFor(req, board.id, tokens, visibleRoles(role)),
    });
  });

  router.patch('/boards/:id', async (req, res) => {
    const { board } = await authorize(req, 'owner');
    const { title } = parseBody(patchSchema, req.body);
    await rooms.change(board.id, 'rename', { title });
    await store.setTitle(board.id, title, Date.now());
    res.json({ id: board.id, title });
  });

  router.delete('/boards/:id', async (req, res) => {
    const { board } = await authorize(req, 'owner');
    rooms.discard(board.id);
    await store.deleteBoard(board.id);
    log.info({ boardId: board.id }, 'board deleted');
    res.status(204).end();
  });

  router.post('/boards/:id/tokens/rotate', async (req, res) => {
    const { board, token } = await authorize(req, 'owner');
    const { role, expiresInSeconds } = parseBody(rotateSchema, req.body);
    // An owner link that expired would leave nobody able to rotate the others: it never expires.
    if (role === 'owner' && expiresInSeconds !== undefined) {
      throw new HttpProblem(400, 'Invalid request body', 'expiresInSeconds: an owner link cannot expire');
    }
    // The owner's token unseals every other; a role it cannot (one added after the board was made) gets its first link.
    const tokens = await store.revealTokens(board.id, 'owner', token);
    const rotated = ROLES.filter((r) => r === role || !role || !tokens[r]);
    const until = expiresInSeconds === undefined ? null : Date.now() + expiresInSeconds * 1000;
    const expiresAt: Partial<Record<Role, number | null>> = {};
    for (const r of rotated) {
      tokens[r] = newToken();
      expiresAt[r] = r === 'owner' ? null : until;
    }
    const all = tokens as Record<Role, string>;
    await store.rotateTokens(board.id, all, expiresAt);
    for (const r of rotated) rooms.closeConnections(board.id, CLOSE.forbidden, 'link revoked', r);
    log.info({ boardId: board.id, roles: rotated, expiresAt }, 'links rotated');
    res.json({ id: board.id, rotated, expiresAt, tokens: all, links: linksFor(req, board.id, all, ROLES) });
  });

  /**
   * A person's identity on this board, minted by the server: any link may ask (each
   * person asks once per browser and board), so many a minute per link, so that one
   * leaked link cannot spend the board's identities in a burst. Person-owned entries
   * (votes, ratings, authorship) will carry the participantId; the identity token is
   * shown once and stored only as a hash.
   */
  router.post('/boards/:id/identities', async (req, res) => {
    const { board, role } = await authorize(req, 'viewer');
    const { name } = parseBody(identitySchema, req.body);
    // One token per role and board: a link's allowance is its board's and role's, kept across a rotation.
    const decision = identitiesPerLink.take(`${board.id}:${role}`);
    if (!decision.allowed) {
      throw tooMany(
        'Too many identities',
        decision.retryAfterSeconds,
        `this link may mint ${limits.identitiesPerTokenPerMinute} identities a minute; try again in ${decision.retryAfterSeconds} s`,
      );
    }
    if ((await store.identityCount(board.id)) >= limits.maxIdentitiesPerBoard) {
      throw new HttpProblem(
        409,
        'Too many people',
        `this board has minted its ${limits.maxIdentitiesPerBoard} identities`,
      );
    }
    const identity = { boardId: board.id, participantId: newId(), name, createdAt: Date.now() };
    const identityToken = newToken();
    await store.createIdentity(identity, identityToken);
    res.status(201).json({ participantId: identity.participantId, identityToken, name });
  });

  router.post('/boards/:id/versions', async (req, res) => {
    const { board } = await authorize(req, 'editor');
    const { name } = parseBody(versionSchema, req.body);
    const used = await store.versionUsage(board.id);
    if (used.count >= limits.maxVersionsPerBoard) {
      throw new HttpProblem(
        409,
        'Too many versions',
        `this board keeps at most ${limits.maxVersionsPerBoard} named versions; an owner can delete one`,
        { versions: used.count, maxVersions: limits.maxVersionsPerBoard },
      );
    }
    const state = await rooms.read(board.id, (room) => boardState(room.doc));
    if (used.bytes + state.byteLength > limits.maxVersionBytesPerBoard) {
      throw new HttpProblem(
        413,
        'Versions too large',
        `this version (${state.byteLength} bytes) would take this board's versions past ${limits.maxVersionBytesPerBoard} bytes; an owner can delete one`,
        { versionBytes: used.bytes, maxVersionBytes: limits.maxVersionBytesPerBoard },
      );
    }
    const version = {
      id: newId(),
      boardId: board.id,
      name,
      createdAt: Date.now(),
      bytes: state.byteLength,
      automatic: false,
    };
    await store.saveVersion(version, state);
    res.status(201).json(version);
  });

  router.delete('/boards/:id/versions/:versionId', async (req, res) => {
    const { board } = await authorize(req, 'owner');
    if (!(await store.deleteVersion(board.id, String(req.params.versionId))))
      throw new HttpProblem(404, 'Not found', 'no such version of this board');
    res.status(204).end();
  });

  router.get('/boards/:id/versions', async (req, res) => {
    const { board } = await authorize(req, 'viewer');
    res.json(await store.listVersions(board.id));
  });

  // A version's whole board as one Yjs update, for a preview: whoever reads the board reads its past.
  // Each board may serve so many a minute, and the server so many at once (429 with Retry-After beyond).
  router.get('/boards/:id/versions/:versionId/state', async (req, res) => {
    const { board } = await authorize(req, 'viewer');
    const decision = versionReadsPerBoard.take(board.id);
    if (!decision.allowed) {
      throw tooMany(
        'Too many version reads',
        decision.retryAfterSeconds,
        `this board may serve ${limits.versionReadsPerBoardPerMinute} version reads a minute; try again in ${decision.retryAfterSeconds} s`,
      );
    }
    if (versionReadsInFlight >= MAX_VERSION_READS_IN_FLIGHT)
      throw tooMany('Too many version reads', 1, 'the server is sending other versions; try again in 1 s');
    versionReadsInFlight++;
    let done = false;
    const finished = () => {
      if (!done) versionReadsInFlight--;
      done = true;
    };
    res.once('close', finished);
    try {
      const state = await store.loadVersion(board.id, String(req.params.versionId));
      if (!state) throw new HttpProblem(404, 'Not found', 'no such version of this board');
      res
        .type('application/octet-stream')
        .send(Buffer.from(state.buffer, state.byteOffset, state.byteLength));
    } catch (error) {
      finished();
      throw error;
    }
  });

  // Restoring replaces everyone's work at once: the owner's call. What it replaces is
  // kept first as an automatic version, so a restore can be undone by another.
  router.post('/boards/:id/versions/:versionId/restore', async (req, res) => {
    const { board } = await authorize(req, 'owner');
    const versionId = String(req.params.versionId);
    const named = (await store.listVersions(board.id)).find((v) => v.id === versionId);
    if (!named) throw new HttpProblem(404, 'Not found', 'no such version of this board');
    const before = `Before restoring “${named.name}”`;
    const outcome = await rooms.change(board.id, 'restore', { versionId, before });
    if (outcome.kind === 'no-version')
      throw new HttpProblem(404, 'Not found', 'no such version of this board');
    if (outcome.kind === 'too-large') {
      throw new HttpProblem(
        413,
        'Board too large',
        `restoring this version adds ${outcome.updateBytes} bytes, taking the board past its ${limits.maxBoardBytes}-byte limit; nothing changed`,
      );
    }
    if (outcome.kind === 'not-a-board') throw new HttpProblem(500, 'Restore failed');
    res.json({ id: board.id, restored: req.params.versionId });
  });

  return router;
}
