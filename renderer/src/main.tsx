/** Entry point: styles, then the shell. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/tokens.css';
import './styles/base.css';
import './styles/shell.css';
import './styles/controls.css';
import './styles/overlays.css';
import './styles/stats.css';
import './styles/table.css';
import { App } from './app/App';
import { boot } from './app/boot';

boot();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
