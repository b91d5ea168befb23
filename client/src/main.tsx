import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n } from './i18n';
import { applyTextSize, storedTextSize } from './lib/textSize';
import './styles/base.css';
import './styles/buttons.css';
import './styles/screens.css';
import './styles/lobby.css';
import './styles/call.css';
import './styles/venue.css';

applyTextSize(storedTextSize(), false);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
// Japanese is ready at once; English after its chunk (rendering before would flash Japanese).
void initI18n().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
