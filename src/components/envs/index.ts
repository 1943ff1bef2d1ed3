/** Env views: boards, replays, human play and the gridworld editor. */
export { GridworldView, type GridworldViewProps } from './GridworldView';
export { Game2048Board, type Game2048BoardProps } from './Game2048Board';
export { SokobanBoard, type SokobanBoardProps } from './SokobanBoard';
export { EpisodeReplay, type EpisodeReplayProps } from './EpisodeReplay';
export { GridworldPlay, type GridworldPlayProps } from './GridworldPlay';
export { Game2048Play, type Game2048PlayProps } from './Game2048Play';
export { SokobanPlay, type SokobanPlayProps, type SokobanPlayLevel } from './SokobanPlay';
export { GridEditor, type GridEditorProps } from './GridEditor';
export {
  record2048Episode,
  recordGridEpisode,
  recordSokobanEpisode,
  type Game2048Frame,
  type GridFrame,
  type SokobanFrame,
} from './episodes';
