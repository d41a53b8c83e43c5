/**
 * The tldraw schema of the factor canvas: tldraw's default shapes and bindings plus the
 * factor card. It is what the records in the board's `canvas` map are validated and migrated
 * against, and its serialized form is stored beside them (`canvasMeta.schema`).
 * No React here: the bridge and its Node tests use it without rendering anything.
 */
import { createShapePropsMigrationSequence, createTLSchema, defaultBindingSchemas, defaultShapeSchemas, T, type TLShape } from 'tldraw';
import { FACTOR_CARD_TYPE } from '../board/canvas-mapping.ts';

declare module 'tldraw' {
	interface TLGlobalShapePropsMap {
		[FACTOR_CARD_TYPE]: FactorCardProps;
	}
}

export interface FactorCardProps {
	/** The factor record (board `factors` map) this card shows. */
	factorId: string;
	w: number;
	h: number;
}

export type FactorCardShape = TLShape<typeof FACTOR_CARD_TYPE>;

export const factorCardProps = { factorId: T.string, w: T.nonZeroNumber, h: T.nonZeroNumber };

/** Add a step here (never edit an old one) whenever FactorCardProps changes. */
export const factorCardMigrations = createShapePropsMigrationSequence({ sequence: [] });

export const canvasSchema = createTLSchema({
	shapes: { ...defaultShapeSchemas, [FACTOR_CARD_TYPE]: { props: factorCardProps, migrations: factorCardMigrations } },
	bindings: defaultBindingSchemas
});
