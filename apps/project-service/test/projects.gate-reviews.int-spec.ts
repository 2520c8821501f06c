import {
  TODAY,
  NOBODY,
  agreement,
  GATEKEEPERS,
  CRITERIA,
  gate,
  brainMorphic,
  projectsHttp,
} from './projects.http.support';

/**
 * The project service over HTTP (set-up and fixtures: projects.http.support.ts).
 * Gate reviews, and resuming a project on hold.
 */
describe('project-service HTTP API', () => {
  const { post, fieldsOf, expectProblem, propose, detail, agreementAboutToEnd, endingMeanwhile, history, review, db } =
    projectsHttp('projects_http_gate_reviews');

  describe('POST /projects/:id/gate-reviews', () => {
    const newProject = (title: string) => propose({ ...brainMorphic, title });

    it('advances on GO through Generate, Ideate, Develop and Launch, and completes on GO at Launch', async () => {
      const id = await newProject('Brain-morphic AI processor: from concept to launch');
      const stages = ['generate', 'ideate', 'develop', 'launch'];
      for (const [index, from] of stages.slice(0, 3).entries()) {
        const version = 1 + index * 2;
        const response = await post(`/${id}/gate-reviews`)
          .set('If-Match', `"${version}"`)
          .send(gate('go', { notes: `Passed the ${from} gate` }))
          .expect(200);
        // Two events: the decision, and the stage advanced.
        expect(response.body).toEqual({ id, version: version + 2 });
        expect(response.headers.etag).toBe(`"${version + 2}"`);
        expect(await detail(id)).toMatchObject({ stage: stages[index + 1], status: 'active', version: version + 2 });
      }
      const last = await review(id, 'go');
      expect(last).toEqual({ id, version: 9 });
      const view = await detail(id);
      expect(view).toMatchObject({ stage: 'launch', status: 'completed', version: 9 });
      expect(view.gateDecisions).toEqual([
        ...['generate→ideate', 'ideate→develop', 'develop→launch'].map((label, index) => ({
          gate: label,
          stage: stages[index],
          decision: 'go',
          gatekeepers: GATEKEEPERS,
          criteria: CRITERIA,
          notes: `Passed the ${stages[index]} gate`,
          decidedOn: TODAY,
        })),
        {
          gate: 'launch→close',
          stage: 'launch',
          decision: 'go',
          gatekeepers: GATEKEEPERS,
          criteria: CRITERIA,
          notes: null,
          decidedOn: TODAY,
        },
      ]);
      expect((await history(id)).slice(-2).map((entry) => entry.type)).toEqual([
        'GateDecisionRecorded',
        'ProjectCompleted',
      ]);
    });

    it('KILL closes the project, with the notes as reason', async () => {
      const id = await newProject('Brain-morphic AI for always-on sensors');
      await review(id, 'go');
      expect(await review(id, 'kill', { notes: 'Power budget cannot be met with current process node' })).toEqual({
        id,
        version: 5,
      });
      expect(await detail(id)).toMatchObject({ stage: 'ideate', status: 'killed' });
      expect((await history(id)).at(-1)).toMatchObject({
        type: 'ProjectKilled',
        data: { projectId: id, reason: 'Power budget cannot be met with current process node' },
      });
    });

    it('HOLD pauses the project; a decision on it is 422 project_on_hold until resumed', async () => {
      const id = await newProject('Brain-morphic AI accelerator for edge robotics');
      await review(id, 'hold');
      const view = await detail(id);
      expect(view).toMatchObject({ stage: 'generate', status: 'on_hold', version: 3 });
      expect(view.gateDecisions.map((d) => [d.gate, d.decision])).toEqual([['generate→ideate', 'hold']]);
      expect((await history(id)).at(-1)).toMatchObject({
        type: 'ProjectPutOnHold',
        data: { reason: 'held at the generate gate' },
      });
      for (const decision of ['go', 'kill', 'hold', 'recycle']) {
        expectProblem(await post(`/${id}/gate-reviews`).send(gate(decision)), 422, 'project_on_hold');
      }
      expect((await detail(id)).version).toBe(3);
    });

    it('RECYCLE records the decision and stays in the stage', async () => {
      const id = await newProject('Brain-morphic AI: recycled concept');
      expect(await review(id, 'recycle', { notes: 'Revisit with the new chip' })).toEqual({ id, version: 2 });
      const view = await detail(id);
      expect(view).toMatchObject({ stage: 'generate', status: 'active', version: 2 });
      expect(view.gateDecisions).toEqual([expect.objectContaining({ decision: 'recycle', gate: 'generate→ideate' })]);
      await review(id, 'go');
      expect((await detail(id)).stage).toBe('ideate');
    });

    it('names each criterion scored outside 1 to 5 (or not a whole number) in a 400, and records nothing', async () => {
      const id = await newProject('Brain-morphic AI: badly scored');
      const response = await post(`/${id}/gate-reviews`)
        .send(
          gate('go', {
            criteria: { strategicFit: 6, technicalFeasibility: 0, marketPotential: 3.5, teamStrength: 4, risk: '5' },
          }),
        )
        .expect(400);
      expectProblem(response, 400, 'criteria_out_of_range');
      expect(fieldsOf(response)).toEqual([
        'criteria.marketPotential',
        'criteria.risk',
        'criteria.strategicFit',
        'criteria.technicalFeasibility',
      ]);
      expect(await detail(id)).toMatchObject({ stage: 'generate', version: 1, gateDecisions: [] });
    });

    it('names every bad field of a review in a 400: no gatekeepers, an unknown decision, criteria not an object', async () => {
      const id = await newProject('Brain-morphic AI: malformed reviews');
      const noGatekeepers = await post(`/${id}/gate-reviews`)
        .send(gate('go', { gatekeepers: [] }))
        .expect(400);
      expectProblem(noGatekeepers, 400, 'validation_failed');
      expect(fieldsOf(noGatekeepers)).toEqual(['gatekeepers']);
      const several = await post(`/${id}/gate-reviews`)
        .send({ decision: 'maybe', gatekeepers: [''], criteria: [5, 4], notes: 42, decidedOn: '2026-06-31' })
        .expect(400);
      expect(fieldsOf(several)).toEqual(['criteria', 'decidedOn', 'decision', 'gatekeepers', 'notes']);
      expect(fieldsOf(await post(`/${id}/gate-reviews`).send({}).expect(400))).toEqual([
        'criteria',
        'decision',
        'gatekeepers',
      ]);
      expect((await detail(id)).version).toBe(1);
    });

    it('answers a decision on a closed project with 422 project_closed', async () => {
      const killed = await newProject('Brain-morphic AI: killed early');
      await review(killed, 'kill');
      const completed = await newProject('Brain-morphic AI: completed');
      for (let step = 0; step < 4; step++) await review(completed, 'go');
      expect((await detail(completed)).status).toBe('completed');
      for (const id of [killed, completed]) {
        const { version } = await detail(id);
        for (const decision of ['go', 'recycle']) {
          expectProblem(await post(`/${id}/gate-reviews`).send(gate(decision)), 422, 'project_closed');
        }
        expect((await detail(id)).version).toBe(version);
      }
    });

    it('answers a stale If-Match with 412 and the current version; a malformed one with 400', async () => {
      const id = await newProject('Brain-morphic AI: two reviewers at once');
      await review(id, 'recycle');
      const stale = await post(`/${id}/gate-reviews`).set('If-Match', '"1"').send(gate('go')).expect(412);
      expectProblem(stale, 412, 'version_conflict');
      expect(stale.body.currentVersion).toBe(2);
      expect(await detail(id)).toMatchObject({ stage: 'generate', version: 2 });
      await post(`/${id}/gate-reviews`).set('If-Match', 'W/"2"').send(gate('go')).expect(200, { id, version: 4 });
      const malformed = await post(`/${id}/gate-reviews`).set('If-Match', 'four').send(gate('go')).expect(400);
      expect(malformed.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((await detail(id)).version).toBe(4);
    });

    it('answers 404 for an unknown project and 400 for a malformed id', async () => {
      expectProblem(await post(`/${NOBODY}/gate-reviews`).send(gate('go')), 404, 'project_not_found');
      const malformed = await post('/brain-morphic/gate-reviews').send(gate('go')).expect(400);
      expect(malformed.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });
  });

  describe('POST /projects/:id/resume', () => {
    it('resumes a project on hold (200, a new version); resuming an active one changes nothing', async () => {
      const id = await propose({ ...brainMorphic, title: 'Brain-morphic AI: paused for funding' });
      await review(id, 'hold', { notes: 'Waiting for next fiscal year' });
      const resumed = await post(`/${id}/resume`).set('If-Match', '"3"').expect(200);
      expect(resumed.body).toEqual({ id, version: 4 });
      expect(resumed.headers.etag).toBe('"4"');
      expect(await detail(id)).toMatchObject({ status: 'active', stage: 'generate', version: 4 });
      expect((await history(id)).at(-1)).toMatchObject({ type: 'ProjectResumed', data: { projectId: id } });

      const again = await post(`/${id}/resume`).expect(200);
      expect(again.body).toEqual({ id, version: 4 });
      expect(again.headers.etag).toBe('"4"');
      await review(id, 'go');
      expect((await detail(id)).stage).toBe('ideate');
    });

    it('answers a closed project with 422 project_closed, a stale If-Match with 412, unknown with 404', async () => {
      const id = await propose({ ...brainMorphic, title: 'Brain-morphic AI: closed for good' });
      const held = await propose({ ...brainMorphic, title: 'Brain-morphic AI: held, then raced' });
      await review(held, 'hold');
      const stale = await post(`/${held}/resume`).set('If-Match', '"1"').expect(412);
      expect(stale.body).toMatchObject({ code: 'version_conflict', currentVersion: 3 });
      expect((await detail(held)).status).toBe('on_hold');

      await review(id, 'kill');
      expectProblem(await post(`/${id}/resume`), 422, 'project_closed');
      expect((await detail(id)).status).toBe('killed');
      expectProblem(await post(`/${NOBODY}/resume`), 404, 'project_not_found');
      const malformed = await post('/nope/resume').expect(400);
      expect(malformed.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });

    it('refuses to resume when no signed or active agreement covers the project any more (422)', async () => {
      const id = await propose({
        ...brainMorphic,
        title: 'Brain-morphic AI hardware study',
        agreementIds: [agreement.utokyoSunset],
      });
      await review(id, 'hold');
      await db().query(
        `UPDATE project.known_agreements SET status = 'terminated', version = 2 WHERE agreement_id = $1`,
        [agreement.utokyoSunset],
      );
      expectProblem(await post(`/${id}/resume`), 422, 'no_valid_agreement');
      expect(await detail(id)).toMatchObject({ status: 'on_hold', version: 3 });
    });

    it('puts a project resumed while its only agreement ends back on hold (the check and the end raced)', async () => {
      const ending = await agreementAboutToEnd('University of Tokyo study about to end');
      const id = await propose({
        ...brainMorphic,
        title: 'Brain-morphic AI: resumed too late',
        agreementIds: [ending],
      });
      await review(id, 'hold');
      // The consumer would also have flagged the project, which, on hold, would have stayed as it
      // was. The resumption's check still reads the agreement as active.
      await endingMeanwhile(
        ending,
        () => post(`/${id}/resume`).then((response) => response),
        `SELECT 1 FROM project.project_register WHERE project_id = '${id}' AND status = 'active'`,
        async (resumption) => {
          expect(resumption.status).toBe(200);
          expect(await detail(id)).toMatchObject({ status: 'on_hold', version: 5 });
          const entries = await history(id);
          expect(entries.slice(-2).map((entry) => entry.type)).toEqual(['ProjectResumed', 'ProjectPutOnHold']);
          expect(entries.at(-1)?.data).toMatchObject({ reason: expect.stringContaining(`${ending} (ended)`) });
        },
      );
    });
  });
});
