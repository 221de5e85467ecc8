/**
 * What one view of report.html is, and what every view is given to draw with.
 *
 * Why this shape: report.html must stay one self-contained file that opens offline, and the
 * project builds with tsc alone (no bundler). So each piece of page code is a function that
 * is inlined as its own source text (`fn.toString()`): it is compiled and type-checked like
 * any module, but at run time it may use nothing outside its body except its parameters.
 * Shared code reaches a view through the `kit` parameter, never through an import (imports
 * of types only). A view is one file exporting a ReportView plus one line in views.ts.
 */
import type { FaultWindow, ReportData } from '../report-data.js';

/** One section of the page. */
export interface ReportView {
  /** The section's element id, also its anchor in the header's links. */
  id: string;
  /** Label of its link in the header; absent: no link. */
  nav?: string;
  /** The section's heading (plain text), or its words from the data (written when the page is). */
  heading: string | ((data: ReportData) => string);
  /** Extra class of the section element. */
  className?: string;
  /** Static markup put under the heading (trusted: written in this repository). */
  markup?: string;
  /** CSS this view needs, added to the page's style sheet. */
  css?: string;
  /** Runs in Node when the page is written: a view with nothing to show is left out, link and all. */
  hasContent(data: ReportData): boolean;
  /**
   * Runs in the page, inlined as source text: an arrow function (a method shorthand would
   * not be an expression) that uses only `kit`, `section` and browser globals.
   */
  mount: (kit: Kit, section: HTMLElement) => void;
}

/** A visible time window (ms since the run's start, or event positions). */
export interface TimeRange { fromMs: number; toMs: number }

/** Where a time chart draws: the plot area in CSS px and the time it spans. */
export interface Plot extends TimeRange { left: number; top: number; width: number; height: number }

export interface Colors {
  ok: string; fail: string; info: string; pending: string; violation: string; selected: string;
  other: string; prefix: string; stuck: string;
}

/** State and helpers shared by every view (kit.ts). */
export interface BaseKit {
  data: ReportData;
  ops: ReportData['ops'];
  opCount: number;
  colors: Colors;
  outcomeNames: readonly ['ok', 'fail', 'info', 'pending'];
  outcomeColors: string[];
  faultNames: string[];
  faultColor(name: string): string;
  $(id: string): HTMLElement;
  el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes?: Record<string, string>, text?: string): HTMLElementTagNameMap[K];
  fmtMs(valueMs: number): string;
  outcomeOf(i: number): string;
  opTitle(i: number): string;
  opSummary(i: number): string;
  opLines(i: number): string[];
  minOf(list: number[], value: (i: number) => number): number;
  maxOf(list: number[], value: (i: number) => number): number;
  /** Ops some checker blamed, and what each checker said about an op. */
  violating: Set<number>;
  tags: Map<number, string[]>;
  fullRange: TimeRange;
  /** The time window every time chart shows (they follow each other's zoom). */
  view(): TimeRange;
  setView(fromMs: number, toMs: number): void;
  /** Registers a chart's draw: `selection` charts also redraw when the selected op changes. */
  addChart(draw: () => void, selection: boolean): void;
  selected(): number;
  select(i: number): void;
  /**
   * Zoom the time charts onto `list`, keeping `context` (ops it conflicts with) and the fault
   * windows around it in view, select the first op of `list`, scroll to the timeline.
   */
  focusOps(list: number[], context?: number[], scroll?: boolean): void;
  /** The range focusOps zooms to (exposed for views that zoom their own chart). */
  focusRange(list: number[]): TimeRange;
  showTooltip(event: MouseEvent, lines: string[]): void;
  hideTooltip(): void;
}

/** A fault window's label as drawn in a chart's fault band (also recorded on the canvas). */
export interface FaultLabel { fault: FaultWindow; lane: number; x0: number; x1: number; labelX0: number; labelX1: number }

/** Canvas drawing shared by the time charts (canvas-kit.ts). */
export interface CanvasKit {
  prepareCanvas(canvas: HTMLCanvasElement, heightPx: number): CanvasRenderingContext2D;
  niceStep(span: number, countMax: number): number;
  xOf(plot: Plot, timeMs: number): number;
  timeAt(plot: Plot, x: number): number;
  /** Time labels end at `labelBottomY`; grid lines cross the plot. */
  drawTimeAxis(context: CanvasRenderingContext2D, plot: Plot, labelBottomY: number): void;
  /** Lays the labels of the fault windows in view into lanes so no two overlap. */
  faultLanes(context: CanvasRenderingContext2D, plot: Plot): { labels: FaultLabel[]; laneCount: number };
  /** Height of a fault band with this many lanes. */
  faultBandHeight(laneCount: number): number;
  /** The lanes as thin named bars from `top`; records them on the canvas (data-fault-labels). */
  drawFaultBand(context: CanvasRenderingContext2D, lanes: FaultLabel[], top: number): void;
  /** Fault windows shaded across the plot. */
  shadeFaults(context: CanvasRenderingContext2D, plot: Plot): void;
  /** Width a y axis needs for these labels (px), at least `minimum`. */
  gutterFor(context: CanvasRenderingContext2D, labels: string[], minimum: number): number;
  /** Right-aligned y labels at x = gutter - 4; records them on the canvas (data-y-labels). */
  drawYLabels(context: CanvasRenderingContext2D, plot: Plot, labels: { text: string; y: number }[]): void;
  /**
   * A chart of rates over the time in `view`: y axis 0..rateMax (labels "N/s"), time axis, fault
   * band and shading; returns where to draw and the y of a rate.
   */
  drawRateFrame(canvas: HTMLCanvasElement, view: TimeRange, rateMax: number, plotHeightPx: number): { context: CanvasRenderingContext2D; plot: Plot; yOf(rate: number): number };
}

/** How one op of an interval chart is coloured: an index into IntervalChartOptions.palette. */
export interface IntervalChartOptions {
  canvas: HTMLCanvasElement;
  rowLabels: string[];
  /** Ops drawn, and the row each goes to. */
  opsDrawn: number[];
  rowOfOp(i: number): number;
  /** Colours in stacking order (first at the top of a bar); alpha < 1 fades. */
  palette: { color: string; alpha: number; name: string }[];
  colorIndexOf(i: number): number;
  labelOf?: (i: number) => string;
  getRange(): TimeRange;
  setRange(fromMs: number, toMs: number): void;
  tooltipOf(i: number): string[];
  heightMaxPx: number;
}

export interface Kit extends BaseKit {
  canvas: CanvasKit;
  /** Ops as bars in rows over time; returns its draw function. */
  intervalChart(options: IntervalChartOptions): () => void;
}
