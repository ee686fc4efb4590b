/**
 * A template is plain data: stages, lanes and cards refer to each other by `key`,
 * and `applyTemplate` turns keys into fresh ids through the ordinary commands.
 */
import type {
  CardKind,
  Confidence,
  EdgeKind,
  EpicDimension,
  EvidenceSource,
  FrequencyPeriod,
  Horizon,
  LaneKind,
  MetricName,
  OpportunityStatus,
  PersonaPriority,
  ValueTier,
} from '../model.js';

export interface TemplateFriction {
  severity?: number;
  frequency?: { count: number; period: FrequencyPeriod };
  /** Key of a persona in the template. */
  segment?: string;
  rootCause?: string;
  ownerTeam?: string;
  epic?: EpicDimension;
}

export interface TemplateCard {
  /** Needed only when an edge, an opportunity or the future state refers to the card. */
  key?: string;
  stage: string;
  lane: string;
  text: string;
  kind?: CardKind;
  channel?: string;
  emotion?: number;
  owner?: string;
  evidence?: string;
  evidenceSource?: EvidenceSource;
  confidence?: Confidence;
  friction?: TemplateFriction;
  notes?: string;
  /** Keys of interaction reasons (primary or secondary) the card is tagged with. */
  reasons?: string[];
}

export interface BoardTemplate {
  id: string;
  title: string;
  description: string;
  vision?: string;
  objective?: string;
  principles?: string[];
  personas?: Array<{
    key: string;
    name: string;
    description: string;
    valueTier: ValueTier;
    priority: PersonaPriority;
  }>;
  journey: {
    title: string;
    /** Key of the persona whose journey this is. */
    persona?: string;
    stages: Array<{ key: string; title: string }>;
    lanes: Array<{ key: string; kind: LaneKind; title: string }>;
    cards?: TemplateCard[];
    edges?: Array<{ from: string; to: string; kind?: EdgeKind; label?: string }>;
    metrics?: Array<{
      stage: string;
      name: MetricName;
      label?: string;
      current?: number;
      target?: number;
    }>;
  };
  reasons?: Array<{
    key?: string;
    title: string;
    secondary: Array<{ key?: string; title: string }>;
  }>;
  opportunities?: Array<{
    title: string;
    description?: string;
    impact: number;
    effort: number;
    owner?: string;
    horizon: Horizon;
    status?: OpportunityStatus;
    /** Keys of the friction cards this opportunity removes or reduces. */
    friction?: string[];
  }>;
  /** A redesigned future state forked from the current one, to show how a comparison reads. */
  futureState?: {
    title: string;
    /** Keys of current-state cards that the redesign removes. */
    remove?: string[];
    update?: Array<{
      card: string;
      text?: string;
      emotion?: number;
      friction?: TemplateFriction;
    }>;
    add?: TemplateCard[];
  };
}
