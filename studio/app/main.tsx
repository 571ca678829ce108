// The studio page: one store, one analysis worker, the HTTP API of the server that serves it.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { httpApi } from './api/client.js';
import { App } from './components/App.js';
import AnalysisWorker from './language/analysis.worker?worker';
import { workerAnalyzer } from './language/client.js';
import { loadMonaco } from './language/monaco.js';
import { localPrefs } from './replay/datasets.js';
import { createStudioStore } from './store/index.js';
import { StudioProvider } from './store/context.js';

const analyzer = workerAnalyzer(new AnalysisWorker());
const store = createStudioStore({
  api: httpApi(),
  analyzer,
  location: {
    read: () => new URLSearchParams(location.hash.slice(1)).get('file') ?? undefined,
    write: (path) => history.replaceState(null, '', `#file=${encodeURIComponent(path)}`),
  },
  prefs: localPrefs(globalThis.localStorage),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StudioProvider store={store} analyzer={analyzer}>
      <App />
    </StudioProvider>
  </StrictMode>,
);

// A handle for the browser tests and the benchmark (and for a curious analyst's console).
(window as unknown as { __verdictStudio: typeof store }).__verdictStudio = store;

void store.getState().loadWorkspace();
// Start fetching the editor now, in parallel with the workspace and the first analysis.
void loadMonaco();
