/**
 * Discord in HTTP-interactions mode: the scenarios of both modes, and what
 * only an endpoint has: PING, and signatures (forged, missing, stale or
 * made with another key: 401, nothing changes).
 */
import { discordScenarios } from '../helpers/fake-discord-scenarios.ts';

discordScenarios('http');
