export type { ChainOptions } from './chains';
export { findBackrefChain, findRefChain } from './chains';
export { drawnNodeCount, formatDot, formatHsv, nodeId, quote } from './dot';
export {
  GraphTooLargeError,
  ImageTooLargeError,
  RenderError,
  RendererNotReadyError,
  RenderFailedError,
  UnsupportedFormatError,
} from './errors';
export type { GraphFiles } from './graph-files';
export { MemoryGraphFiles, nodeGraphFiles } from './graph-files';
export type { EdgeLabel, GraphDirection, GraphSlice, Hsv, SliceEdge, SliceNode } from './graph-slice';
export type { GrowthOptions, GrowthRow, PeakStats } from './growth';
export { formatGrowth, GrowthTracker, growth } from './growth';
export type { ObjgraphHost } from './host';
export { builtinTruth, runtimeHost } from './host';
export type { LabelHost, NodeLabelOptions } from './labels';
export { edgeLabel, objLabel, safeRepr, shortRepr } from './labels';
export { hasDel, isModule, isProperModule } from './modules';
export type { NewIdsOptions, NewIdsResult, NewIdsSortBy } from './new-ids';
export { getNewIds, NewIdsTracker } from './new-ids';
export type { ObjgraphIoOptions, ShowChainOptions } from './objgraph';
export { Objgraph } from './objgraph';
export type { ObjgraphModuleOptions } from './python-module';
export { objgraphModule } from './python-module';
export { OBJGRAPH_SOURCE } from './python-source';
export { ReferrerIndex } from './referrer-index';
export type { GraphRenderer, PngOptions, RendererOptions } from './renderer';
export {
  initRenderer,
  loadedRenderer,
  RENDER_FORMATS,
  Renderer,
  renderPng,
  renderSvg,
  withHelvetica,
} from './renderer';
export type { GraphIo, GraphOptions, GraphOutputOptions, ShowGraphResult } from './show-graph';
export { buildGraph, chainGraph, DEFAULT_MAX_RENDER_NODES, extension, showGraph } from './show-graph';
export type { NodeLook, Traversal } from './traverse';
export { gradient, traverse } from './traverse';
export { longTypename, shortTypename, typenameOf } from './type-names';
export type { MostCommonTypesOptions, TypestatsOptions } from './typestats';
export {
  at,
  atAddrs,
  byType,
  count,
  formatMostCommonTypes,
  getLeakingObjects,
  mostCommonTypes,
  typestats,
} from './typestats';
