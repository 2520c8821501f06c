import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { join } from 'node:path';
import { Public } from '@accord/platform';

/**
 * The page and its assets, bundled with the service: it works without internet access. Paths are
 * relative to the working directory, which is the repository (npm start) or /app (Docker).
 */
const PUBLIC = join(process.cwd(), 'apps', 'dashboard', 'public');
const ASSETS: Record<string, string> = {
  'app.js': join(PUBLIC, 'app.js'),
  'styles.css': join(PUBLIC, 'styles.css'),
  'chart.js': join(process.cwd(), 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js'),
};

// The page and its scripts hold no data; the API calls they make carry the user's token.
@Public()
@ApiExcludeController()
@Controller()
export class AssetsController {
  @Get()
  page(@Res() response: Response): void {
    response.sendFile(join(PUBLIC, 'index.html'));
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    const path = ASSETS[file];
    if (!path) throw new NotFoundException(`no asset ${file}`);
    response.sendFile(path);
  }
}
