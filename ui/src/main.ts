import { mount } from 'svelte';
import { setupI18n } from './lib/i18n/index.svelte';
import App from './App.svelte';
import './app.css';

setupI18n();
const app = mount(App, { target: document.getElementById('app')! });
export default app;
