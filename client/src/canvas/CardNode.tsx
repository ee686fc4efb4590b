/** A card on the canvas: its text for everyone (and assistive technology), a text box while its author edits it. */
import { BoardCommandError, type Card } from '@journeyboard/shared';
import { Handle, type Node, type NodeProps, Position, useStore as useFlowStore } from '@xyflow/react';
import { type CSSProperties, memo } from 'react';
import type { BoardActions } from '../actions/dispatch.js';
import { useActions } from '../actions/react.js';
import { opportunitiesForCard } from '../opportunities/frictionLinks.js';
import { NoteEditor } from '../ui/NoteEditor.js';
import { CardWorkshopMarks } from '../workshop/WorkshopBadges.js';

export type CardNodeData = {
  card: Card;
  editing: boolean;
  readOnly: boolean;
  /** The colour of someone else who has this card selected or is dragging it. */
  peerColor: string | null;
  peerDragging: boolean;
  /** Titles of the opportunities that address this friction card (in a future state, through its origin). */
  addressedBy: readonly string[];
  onStartEdit(id: string): void;
  onCommit(id: string, text: string | null): void;
};
export type CardFlowNode = Node<CardNodeData, 'card'>;

/** Text typed into a card, on its way to the board; a card removed meanwhile by someone else says so. */
function saveText(actions: BoardActions, id: string, text: string): void {
  try {
    actions.edit('updateCard', { id, text });
  } catch (reason) {
    if (!(reason instanceof BoardCommandError)) throw reason;
    actions.announce(reason.message.replace(/^\w+: /, ''));
  }
}

/** A tooltip reads a few paragraphs at most; a longer text is whole in the inspector. */
const TOOLTIP_CHARS = 600;
const tooltipOf = (text: string) =>
  text.length > TOOLTIP_CHARS
    ? `${text.slice(0, TOOLTIP_CHARS)}… (the whole text is in the card's details)`
    : text;

const EMOTION_LABELS = ['Feels −2', 'Feels −1', 'Feels 0', 'Feels +1', 'Feels +2'];

/** What a card's look says, near or far: its kind, and who has it selected or is dragging it. */
const cardClasses = (data: CardNodeData, selected: boolean) =>
  `card--${data.card.kind}${selected ? ' card--selected' : ''}${
    data.peerColor ? (data.peerDragging ? ' card--peer-dragging' : ' card--peer-selected') : ''
  }`;

/**
 * Below this zoom a card's 13 px text is under 4 px high: cards draw as plain coloured
 * shapes (no text to lay out, no chips, no shadow), which is what keeps a zoomed-out
 * 2,000-card board cheap to mount and pan. Its name stays for assistive technology.
 * A worked example fitted to a 1024-wide screen (about 0.35) still shows its text.
 */
export const FAR_ZOOM = 0.3;

/** Whether the view is zoomed out past FAR_ZOOM: a boolean, so zooming re-renders cards only when crossing it. */
const useFar = () => useFlowStore((flow) => flow.transform[2] < FAR_ZOOM);

function CardNodeView({ data, selected, isConnectable }: NodeProps<CardFlowNode>) {
  const far = useFar();
  const { card, editing } = data;
  if (far && !editing) {
    return (
      <article
        className={`card card--far ${cardClasses(data, selected)}`}
        style={data.peerColor ? ({ '--peer-color': data.peerColor } as CSSProperties) : undefined}
        aria-label={card.text || 'Empty card'}
        data-card-id={card.id}
      >
        {/* Lines still leave from the card's sides. */}
        <Handle type="target" position={Position.Left} isConnectable={false} />
        <Handle type="source" position={Position.Right} isConnectable={false} />
      </article>
    );
  }
  return <CardBody data={data} selected={selected} isConnectable={isConnectable} />;
}

/** A card close enough to read: its text, chips and marks. */
function CardBody({
  data,
  selected,
  isConnectable,
}: Pick<NodeProps<CardFlowNode>, 'data' | 'selected' | 'isConnectable'>) {
  const { card, editing, readOnly } = data;
  const actions = useActions();
  const { store } = actions;
  // The chip links to the opportunities themselves: the panel opens on them, marked.
  const showOpportunities = () => {
    const { board } = store.getState();
    // Those the chip counts (addressedFriction): a dropped opportunity addresses nothing.
    const ids = board
      ? opportunitiesForCard(board, card)
          .filter((o) => o.status !== 'dropped')
          .map((o) => o.id)
      : [];
    store.setState({
      panel: 'opportunities',
      commentTarget: null,
      selectedCardIds: [card.id],
      editingCardId: null,
      opportunityFocus: { ids, at: Date.now() },
    });
  };

  const severity = card.friction.severity;
  return (
    <article
      className={`card ${cardClasses(data, selected)}`}
      style={data.peerColor ? ({ '--peer-color': data.peerColor } as CSSProperties) : undefined}
      aria-label={card.text || 'Empty card'}
      data-card-id={card.id}
      onDoubleClick={(event) => {
        if (readOnly) return;
        event.stopPropagation();
        data.onStartEdit(card.id);
      }}
    >
      {editing ? (
        <NoteEditor
          text={card.text}
          label="Card text"
          className="card__editor nodrag"
          announce={actions.announce}
          onSave={(text) => saveText(actions, card.id, text)}
          onCommit={(value) => data.onCommit(card.id, value)}
        />
      ) : (
        // The whole text on hover (up to a tooltip's worth): three lines show on the card, cut with an ellipsis.
        <p className="card__text" title={card.text ? tooltipOf(card.text) : undefined}>
          {card.text || <span className="card__placeholder">Double-click to write</span>}
        </p>
      )}
      {/* Connecting is the canvas's to allow (nodesConnectable: those who may draw lines). */}
      <Handle type="target" position={Position.Left} isConnectable={isConnectable} />
      <Handle type="source" position={Position.Right} isConnectable={isConnectable} />
      <footer className="card__meta">
        {card.channel && (
          <span className="card__chip" aria-hidden="true">
            {card.channel}
          </span>
        )}
        {card.emotion !== null && (
          <span
            aria-hidden="true"
            className={`card__chip card__emotion card__emotion--${card.emotion < 0 ? 'low' : card.emotion > 0 ? 'high' : 'flat'}`}
          >
            {EMOTION_LABELS[card.emotion + 2]}
          </span>
        )}
        {severity !== null && (
          <span aria-hidden="true" className={`card__chip card__severity card__severity--${severity}`}>
            S{severity}
          </span>
        )}
        {data.addressedBy.length > 0 && (
          <button
            type="button"
            className="card__chip card__addressed nodrag"
            title={`Addressed by: ${data.addressedBy.join('; ')}`}
            aria-label={`Show ${data.addressedBy.length === 1 ? 'the opportunity' : `the ${data.addressedBy.length} opportunities`} addressing this card: ${data.addressedBy.join('; ')}`}
            onClick={(event) => {
              event.stopPropagation();
              showOpportunities();
            }}
            onDoubleClick={(event) => event.stopPropagation()}
          >
            ◆ {data.addressedBy.length === 1 ? 'Opportunity' : `${data.addressedBy.length} opportunities`}
          </button>
        )}
      </footer>
      <CardWorkshopMarks card={card} />
    </article>
  );
}

/**
 * Drawn again only when what the card shows changes: not when it merely moves (a drag,
 * a lane above growing), which React Flow does by moving the node around it.
 */
export const CardNode = memo(
  CardNodeView,
  (before, after) =>
    before.data === after.data &&
    before.selected === after.selected &&
    before.isConnectable === after.isConnectable,
);
