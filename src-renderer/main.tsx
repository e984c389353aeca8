import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles.css';
import { connectBridge } from './transport/select.ts';

const root = createRoot(document.getElementById('root')!);

void connectBridge().then((bridge) =>
  root.render(
    <StrictMode>
      {bridge ? (
        <App bridge={bridge} />
      ) : (
        <div className="disconnected">
          <h1>Shotlink is not connected</h1>
          <p>
            Open this window from the Shotlink app, or run <code>shotlink ui</code> and open the link it
            prints.
          </p>
        </div>
      )}
    </StrictMode>,
  ),
);
