// First: the first page's chunk starts downloading before React and the app are evaluated.
import './app/first-page-module.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import './app/global.css';
import { applyTheme } from './features/theme/theme.ts';

// Before the first render, so the page does not flash the other theme.
applyTheme();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
