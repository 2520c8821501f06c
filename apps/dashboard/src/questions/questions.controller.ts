import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { QuestionsQueries } from './questions.queries';
import {
  DormantPartnersRequest,
  ExpiringAgreementsRequest,
  FunnelRequest,
  IpOutcomesRequest,
  ProjectsAtRiskRequest,
  TechnologyAreaPartnersRequest,
} from './questions.requests';

/**
 * One call per question an alliance manager asks, each reading one `reporting` view (named in its
 * summary) with the request's filters. Reads: every signed-in role may ask.
 */
@ApiTags('dashboard')
@Controller('api/questions')
export class QuestionsController {
  constructor(private readonly questions: QuestionsQueries) {}

  @Get('expiring-agreements')
  @ApiOperation({ summary: 'Agreements expiring within N days and where their renewal stands (agreement_renewals)' })
  expiringAgreements(@Query() request: ExpiringAgreementsRequest) {
    return this.questions.expiringAgreements(request.withinDays);
  }

  @Get('ip-outcomes')
  @ApiOperation({ summary: 'Outcomes by partner type, partner, kind and year or dates (partner_outcomes)' })
  ipOutcomes(@Query() request: IpOutcomesRequest) {
    return this.questions.ipOutcomes(request);
  }

  @Get('funnel')
  @ApiOperation({
    summary:
      'Open projects per stage, and gate decisions dated in a period per stage (project_funnel, gate_decision_counts)',
  })
  funnel(@Query() request: FunnelRequest) {
    return this.questions.funnel(request);
  }

  @Get('projects-at-risk')
  @ApiOperation({
    summary: 'Projects whose agreements ended or end within N days, and flagged ones (project_agreement_risks)',
  })
  projectsAtRisk(@Query() request: ProjectsAtRiskRequest) {
    return this.questions.projectsAtRisk(request);
  }

  @Get('dormant-partners')
  @ApiOperation({ summary: 'Partners with no activity for N days, by business date (partner_inactivity)' })
  dormantPartners(@Query() request: DormantPartnersRequest) {
    return this.questions.dormantPartners(request);
  }

  @Get('technology-area-partners')
  @ApiOperation({ summary: 'Partners in a technology area with their live projects (technology_area_partners)' })
  technologyAreaPartners(@Query() request: TechnologyAreaPartnersRequest) {
    return this.questions.technologyAreaPartners(request.area);
  }
}
