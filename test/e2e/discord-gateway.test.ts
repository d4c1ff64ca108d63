/** Discord over the Gateway (a discord.js Client against the fake Gateway): the scenarios of both modes. */
import { discordScenarios } from '../helpers/fake-discord-scenarios.ts';

discordScenarios('gateway');
