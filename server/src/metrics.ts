/** Prometheus metrics for /metrics: rooms, connections, messages, bytes, persistence latency, errors. */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'journeyboard_process_' });
  return {
    registry,
    rooms: new Gauge({ name: 'journeyboard_rooms', help: 'Rooms loaded in memory', registers: [registry] }),
    connections: new Gauge({
      name: 'journeyboard_connections',
      help: 'Open WebSocket connections',
      labelNames: ['role'] as const,
      registers: [registry],
    }),
    closes: new Counter({
      name: 'journeyboard_connections_closed_total',
      help: 'WebSocket connections closed, by the code the server closed them with, or the client did (1006: cut off)',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
    messagesIn: new Counter({
      name: 'journeyboard_messages_received_total',
      help: 'WebSocket messages received',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    messagesOut: new Counter({
      name: 'journeyboard_messages_sent_total',
      help: 'WebSocket messages sent',
      registers: [registry],
    }),
    bytesIn: new Counter({
      name: 'journeyboard_bytes_received_total',
      help: 'Bytes received',
      registers: [registry],
    }),
    bytesOut: new Counter({
      name: 'journeyboard_bytes_sent_total',
      help: 'Bytes sent',
      registers: [registry],
    }),
    persistSeconds: new Histogram({
      name: 'journeyboard_persist_seconds',
      help: 'Time to commit a batch of updates to storage',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    commitLatencySeconds: new Histogram({
      name: 'journeyboard_commit_latency_seconds',
      help: 'From the oldest update of a batch reaching its room to the batch being durable in storage',
      buckets: [
        0.00025, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1, 0.25,
      ],
      registers: [registry],
    }),
    updatesPersisted: new Counter({
      name: 'journeyboard_updates_persisted_total',
      help: 'Update batches committed to storage',
      registers: [registry],
    }),
    roomLoadSeconds: new Histogram({
      name: 'journeyboard_room_load_seconds',
      help: 'Time to load a room from storage',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    updateVisits: new Histogram({
      name: 'journeyboard_update_walk_structs',
      help: 'Stored structs an incoming update made the room walk without changing them (deleted history, conflict walks)',
      buckets: [0, 10, 100, 1000, 10_000, 100_000, 1_000_000],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'journeyboard_errors_total',
      help: 'Refused or failed operations by kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    // Cluster mode (#20): what crosses between instances.
    clusterForwarded: new Counter({
      name: 'journeyboard_cluster_forwarded_total',
      help: 'Client updates this instance forwarded to the owner of their board',
      registers: [registry],
    }),
    clusterForwardsReceived: new Counter({
      name: 'journeyboard_cluster_forwards_received_total',
      help: 'Forwarded updates this instance, as a board owner, checked and applied',
      registers: [registry],
    }),
    clusterPublished: new Counter({
      name: 'journeyboard_cluster_published_total',
      help: 'Commits this instance, as a board owner, published for replicas elsewhere (only while one follows the board)',
      registers: [registry],
    }),
    clusterRelayed: new Counter({
      name: 'journeyboard_cluster_relayed_total',
      help: 'Committed updates this instance relayed from their owner to its own connections',
      registers: [registry],
    }),
    clusterResyncs: new Counter({
      name: 'journeyboard_cluster_resyncs_total',
      help: 'Replicas reloaded from the database (a gap in the relay, a new owner, Redis back)',
      registers: [registry],
    }),
    clusterReplicaLoads: new Counter({
      name: 'journeyboard_cluster_replica_loads_total',
      help: 'Boards this instance began to serve for an owner elsewhere',
      registers: [registry],
    }),
    clusterTakeOvers: new Counter({
      name: 'journeyboard_cluster_takeovers_total',
      help: 'Boards this instance took over from an owner that was gone',
      registers: [registry],
    }),
    clusterChangesAsked: new Counter({
      name: 'journeyboard_cluster_changes_asked_total',
      help: 'Server-side changes (REST) this instance asked of a board owner elsewhere',
      registers: [registry],
    }),
    leasesHeld: new Gauge({
      name: 'journeyboard_leases_held',
      help: 'Board leases this instance holds (boards it owns)',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
