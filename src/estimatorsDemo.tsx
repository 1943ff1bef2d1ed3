/**
 * Dev-only page for the estimator views (open /estimators.html under `npx vite`): a card for
 * every preset, two "what differs" comparisons, and the overrides editor wired to a card. Not
 * part of the built app; the components are mounted in the main app separately.
 */
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { PRESET_LABELS, PRESET_NAMES, isPresetName } from './core/estimators';
import { PresetOptions } from './components/PresetOptions';
import { runColor } from './components/colors';
import { EstimatorCard, OverridesEditor, WhatDiffers } from './components/estimators';
import './styles.css';

function EditorDemo() {
  const [preset, setPreset] = useState<string>('grpo');
  // Start with one override and one problem, so both show without any clicking.
  const [overrides, setOverrides] = useState<Record<string, unknown>>({
    clipHigh: 0.28,
    klCoef: 0.04,
  });
  return (
    <section className="demo-editor">
      <h2>Overrides editor wired to a card</h2>
      <label>
        Preset{' '}
        <select
          value={preset}
          onChange={(e) => {
            setPreset(e.target.value);
            setOverrides({});
          }}
        >
          <PresetOptions />
        </select>
      </label>
      <div className="demo-editor-grid">
        <OverridesEditor preset={preset} overrides={overrides} onChange={setOverrides} />
        <div>
          <EstimatorCard
            preset={preset}
            overrides={overrides}
            label={`My ${isPresetName(preset) ? PRESET_LABELS[preset] : preset} run`}
            color={runColor(1)}
          />
          <pre className="demo-json">overrides = {JSON.stringify(overrides)}</pre>
        </div>
      </div>
    </section>
  );
}

function Demo() {
  return (
    <div className="app">
      <header>
        <h1>Estimator cards</h1>
        <p className="tagline">Dev page: every preset, two comparisons, the overrides editor.</p>
      </header>
      <section className="demo-diffs">
        <h2>What differs</h2>
        <WhatDiffers
          runs={[
            { label: 'GRPO', preset: 'grpo', overrides: {}, color: runColor(0) },
            { label: 'Dr. GRPO', preset: 'dr-grpo', overrides: {}, color: runColor(1) },
          ]}
        />
        <WhatDiffers
          runs={[
            { label: 'PPO', preset: 'ppo', overrides: {}, color: runColor(0) },
            { label: 'REINFORCE', preset: 'reinforce', overrides: {}, color: runColor(1) },
          ]}
        />
        <WhatDiffers
          runs={[
            { label: 'PPO seed 1', preset: 'ppo', overrides: {}, color: runColor(0) },
            { label: 'PPO seed 2', preset: 'ppo', overrides: {}, color: runColor(1) },
          ]}
        />
      </section>
      <EditorDemo />
      <section>
        <h2>Compact card with an invalid override</h2>
        <div className="demo-cards">
          <EstimatorCard
            preset="ppo"
            overrides={{ gamma: 1.5, epochs: 8 }}
            label="PPO (broken)"
            color={runColor(3)}
            compact
          />
          <EstimatorCard preset="grpoo" overrides={{}} label="Typo in preset" />
        </div>
      </section>
      <section>
        <h2>Every preset (compact: choices and values that differ from plain REINFORCE)</h2>
        <div className="demo-cards">
          {PRESET_NAMES.map((p, i) => (
            <EstimatorCard key={p} preset={p} overrides={{}} color={runColor(i)} compact />
          ))}
        </div>
      </section>
      <style>{`
        .demo-diffs, .demo-editor { margin-top: 16px; display: grid; gap: 12px; }
        .demo-editor-grid { display: grid; grid-template-columns: 420px 1fr; gap: 16px; align-items: start; }
        .demo-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 12px; margin-top: 8px; }
        .demo-json { font-size: 0.8rem; white-space: pre-wrap; }
        section > h2 { margin-top: 16px; }
      `}</style>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Demo />
  </StrictMode>,
);
